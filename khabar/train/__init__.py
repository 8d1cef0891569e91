"""Training code and corpus converters. Needs the ``[train]`` extra for some steps."""
