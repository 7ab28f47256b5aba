"""An example aztui carrier plugin: tracking from "Exemple Colis", a fictional carrier.

``plugin.py`` registers the carrier (its ``CarrierSpec``); ``carrier.py`` asks the API and turns
its answer into ``TrackingResult``s. Configure it in ``aztui.toml``::

    [carriers.exemple]
    base_url = "https://api.exemple-colis.test"   # the default; a proxy or a test server

and give it its key in ``AZTUI_EXEMPLE_API_KEY``. Copy this package to write a carrier of your
own: ``docs/carriers.md`` walks through it.
"""
