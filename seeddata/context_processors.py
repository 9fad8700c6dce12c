from seeddata.demo import demo_is_loaded


def demo_banner(request) -> dict:
    """Tells every page whether the illustrative demo data is loaded."""
    if not request.user.is_authenticated:
        return {"demo_loaded": False}
    return {"demo_loaded": demo_is_loaded()}
