"""The local deployment: moto, localstripe, chalice local, the event runner, the web server."""
