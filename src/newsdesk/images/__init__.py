"""Lead images as the site serves them: a fetched picture checked (type by its first bytes,
size and pixel limits) and re-encoded by Pillow into a few widths of WebP and JPEG.

Pure: bytes in, renditions out. Fetching is `newsdesk.fetch`'s job, keeping the files the
store's, and running it after an article is stored `newsdesk.jobs.images`'.
"""

from newsdesk.images.check import ImageError, sniff_type
from newsdesk.images.renditions import WIDTHS, PreparedImage, Rendition, prepare_image

__all__ = ["WIDTHS", "ImageError", "PreparedImage", "Rendition", "prepare_image", "sniff_type"]
