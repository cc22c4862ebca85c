"""The image viewer: the zoomable view, the overlay layer kept in step with the session, numpy <->
QImage."""
