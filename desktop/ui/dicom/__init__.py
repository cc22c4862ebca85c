"""DICOM in the window: what the file is (never who it is about) and paging through frames."""
