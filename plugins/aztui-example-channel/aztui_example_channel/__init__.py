"""An example aztui notification channel: alerts pushed to "Exemple Push", a fictional service.

``plugin.py`` registers the channel (its ``ChannelSpec``); ``options.py`` is the model of its
options; ``channel.py`` sends one alert per call. Configure it in ``aztui.toml``::

    [channels.phone]
    type = "exemple"
    options = { room = "boutique" }

and give it its token in ``AZTUI_CHANNEL_PHONE_TOKEN``. Copy this package to write a channel
of your own: ``docs/channels.md`` walks through it.
"""
