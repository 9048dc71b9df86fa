"""What a build leaves in the output folder: whole files, and the catalogue of them."""
