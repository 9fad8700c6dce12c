from seeddata.demo import demo_is_loaded


def demo_banner(request) -> dict:
    """Tells every page whether the illustrative demo data is loaded."""
    # Error pages for requests refused before authentication (e.g. a bad Host header) have no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_loaded": False}
    return {"demo_loaded": demo_is_loaded()}
