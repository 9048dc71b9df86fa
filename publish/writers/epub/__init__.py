"""The EPUB: the book's pages, fonts, styles and metadata, packed by ebooklib."""
