"""Running polls: the job (`Poller`), its schedule, and the embedded runner."""

from newsdesk.jobs.embedded import EmbeddedRunner
from newsdesk.jobs.poller import Poller, PollOutcome

__all__ = ["EmbeddedRunner", "PollOutcome", "Poller"]
