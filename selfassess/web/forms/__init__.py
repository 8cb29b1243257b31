"""WTForms classes for the fixed forms (sign-in, administration). Assessment forms are built from the
framework by a factory."""
