"""The web app and REST API (``khabar serve``): pages and ``/api/v1`` over the service layer.

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart); nothing here is
imported unless ``khabar serve`` runs or a caller imports ``khabar.web.app``. Routes
stay thin: they call ``khabar.service`` and write ``service.serialize`` JSON, or render
templates from the same typed results. See docs/web.md.
"""
