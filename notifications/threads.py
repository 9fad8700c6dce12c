"""The pages that carry a comment thread, and who may read each one.

The comments app sits in the base layer and knows no domain model; the domain pages render
{% comment_thread obj %} and never import this layer. Here, above both, the product decides
which objects have a thread and reuses each page's own reading rule."""

from accounts import roles
from comments import registry
from prioritisation.models import Round
from prioritisation.selectors import round_ids_participated
from recommendations.models import Recommendation
from workagenda.models import OperationalGoal


def _anyone_signed_in(user, obj) -> bool:
    # The recommendation and goal pages are open to every account.
    return True


def _round_reader(user, round) -> bool:
    # As on the round pages: participants (ballot) and readers of dashboards (results).
    if roles.user_has_role(user, roles.READ_DASHBOARDS):
        return True
    # Read once per user object, so a list of comments on many rounds costs one query.
    if not hasattr(user, "_round_ids_participated"):
        user._round_ids_participated = round_ids_participated(user=user)
    return round.pk in user._round_ids_participated


def register_threads() -> None:
    registry.register(Recommendation, may_read=_anyone_signed_in)
    registry.register(OperationalGoal, may_read=_anyone_signed_in)
    registry.register(Round, may_read=_round_reader)
