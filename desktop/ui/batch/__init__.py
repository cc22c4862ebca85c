"""File › Batch Segment Folder…: the batch dialogs, their controller and the remaining-time
estimate."""
