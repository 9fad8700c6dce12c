from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from regioplan import selectors
from regioplan.models import Region
from workagenda.selectors import agenda_themes_with_goals


def region_detail(request, slug: str):
    try:
        region = selectors.region_get(slug=slug)
    except Region.DoesNotExist:
        raise Http404(_("This region does not exist.")) from None
    agendas = list(region.agendas.select_related("plan").order_by("name"))
    themes = agenda_themes_with_goals(agenda_ids=[agenda.pk for agenda in agendas])
    themes_by_agenda = {agenda.pk: [] for agenda in agendas}
    for theme in themes:
        themes_by_agenda[theme.agenda_id].append(theme)
    return render(
        request,
        "regioplan/region_detail.html",
        {
            "region": region,
            "plans": selectors.region_plans_with_objectives(region=region),
            "agendas": [(agenda, themes_by_agenda[agenda.pk]) for agenda in agendas],
        },
    )
