"""Review mode's Qt side (DESIGN §8): the folder dialog, the list panel and the controller that
walks the images with the worker thread, the result cache and the editing layer."""
