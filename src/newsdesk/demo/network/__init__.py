"""The sample network's content (``stories/``, ``templates/``, ``static/``) and its runner.

``python -m newsdesk.demo.network --port 8701`` serves the network and releases a held-back
story every 20 seconds.
"""
