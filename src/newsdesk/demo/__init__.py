"""The bundled sample news network: invented outlets served from 127.0.0.1.

``newsdesk demo`` starts a ``SampleNetwork`` and follows its ``sources``, so the product can be
seen working with no internet. Run it alone with ``python -m newsdesk.demo.network``.
"""

from newsdesk.demo._errors import DemoError
from newsdesk.demo._network import DemoSource, SampleNetwork

__all__ = ["DemoError", "DemoSource", "SampleNetwork"]
