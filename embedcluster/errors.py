"""The one error tree of embedcluster; the CLI turns each into a single line.

    EmbedClusterError
    ├── ConfigError      a config file or value is unusable
    ├── InputError       an input path is missing, unreadable or of an unknown format
    ├── ModelError       the embedding model cannot be loaded
    ├── OutputError      the output directory cannot be written
    ├── RunError         a run directory is missing, unfinished or from another version,
    │                    or an id asked about is not in it (with the closest known ids)
    └── StateError       a nightly state directory is busy, empty or of another version
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


class RunError(EmbedClusterError):
    """`suggestions` holds the closest known ids when the error is an unknown id."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class StateError(EmbedClusterError):
    pass
