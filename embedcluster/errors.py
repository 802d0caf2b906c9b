"""The one error tree of embedcluster; the CLI turns each into a single line.

    EmbedClusterError
    ├── ConfigError      a config file or value is unusable
    ├── InputError       an input path is missing, unreadable or of an unknown format
    ├── ModelError       the embedding model cannot be loaded
    └── OutputError      the output directory cannot be written
"""


class EmbedClusterError(Exception):
    """Root of every error embedcluster raises on purpose."""


class ConfigError(EmbedClusterError):
    pass


class InputError(EmbedClusterError):
    pass


class ModelError(EmbedClusterError):
    pass


class OutputError(EmbedClusterError):
    pass
