"""Size limits shared by every image reader; imports nothing, so any reader may import it."""

# Images above this many pixels are refused before decoding (a 14k x 14k frame). Decompression
# bombs are tiny files that claim huge sizes; decoding one would take the machine's memory.
# OpenCV's own limit (OPENCV_IO_MAX_IMAGE_PIXELS) is set to the same value in desktop/__init__,
# before anything imports cv2 (a test checks they agree).
MAX_PIXELS = 200_000_000
