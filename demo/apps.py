from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the management commands `load_demo` and `generate_portfolio`."""

    name = "demo"
