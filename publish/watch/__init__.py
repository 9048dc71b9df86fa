"""`publish watch`: rebuild on every save, and serve a live preview of the PDF."""
