"""The package's version, in a module of its own: every layer may name it, while the package's
``__init__`` (the public facade, which reaches every module) is imported by none of them."""

__version__ = "0.1.0"
