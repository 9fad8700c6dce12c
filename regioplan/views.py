from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import EDIT_AGENDAS, role_required, user_has_role
from regioplan import selectors, services
from regioplan.forms import AgendaItemForm
from regioplan.models import AgendaItem, Region
from workagenda.models import Agenda, Theme

# Regions per page of the regions list, and agendas per page of a region: each agenda shows
# its themes and goals, so a region with many agendas is read a few agendas at a time.
REGIONS_PER_PAGE = 5
AGENDAS_PER_PAGE = 2


def _region(slug: str) -> Region:
    try:
        return selectors.region_get(slug=slug)
    except Region.DoesNotExist:
        raise Http404(_("This region does not exist.")) from None


def _agenda(region_slug: str, slug: str) -> Agenda:
    try:
        return selectors.agenda_get(region=_region(region_slug), slug=slug)
    except Agenda.DoesNotExist:
        raise Http404(_("This agenda does not exist in this region.")) from None


def _agenda_item(agenda: Agenda, pk: int) -> AgendaItem:
    try:
        return selectors.agenda_item_get(agenda=agenda, pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404(_("This action point does not exist.")) from None


def region_list(request):
    page = selectors.region_page_with_agendas(page=request.GET.get("page"), per_page=REGIONS_PER_PAGE)
    return render(request, "regioplan/region_list.html", {"page_obj": page})


def region_detail(request, slug: str):
    region = _region(slug)
    agendas = selectors.region_agendas_with_structure(
        region=region,
        page=request.GET.get("page"),
        per_page=AGENDAS_PER_PAGE,
        agenda=request.GET.get("werkagenda", ""),
    )
    return render(
        request,
        "regioplan/region_detail.html",
        {
            "region": region,
            "plans": selectors.region_plans_with_objectives(region=region),
            "agendas": agendas.agendas,
            "contents": agendas.contents,
            "page_obj": agendas.page,
        },
    )


def theme_detail(request, slug: str, pk: int):
    region = _region(slug)
    try:
        theme = selectors.theme_get(region=region, pk=pk)
    except Theme.DoesNotExist:
        raise Http404(_("This theme does not exist in this region.")) from None
    return render(
        request,
        "regioplan/theme_detail.html",
        {
            "region": region,
            "theme": theme,
            "groups": selectors.theme_groups_with_goals(theme=theme),
            "tasks": selectors.theme_plan_tasks(theme=theme),
            "items": selectors.theme_agenda_items(theme=theme),
        },
    )


def agenda_timeline(request, slug: str, agenda: str):
    agenda_obj = _agenda(slug, agenda)
    return render(
        request,
        "regioplan/agenda_timeline.html",
        {
            "agenda": agenda_obj,
            "region": agenda_obj.region,
            "timeline": selectors.agenda_timeline(agenda=agenda_obj),
            "can_edit": user_has_role(request.user, EDIT_AGENDAS),
        },
    )


def _save_item(request, *, agenda: Agenda, item: AgendaItem | None):
    form = AgendaItemForm(request.POST or None, instance=item, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if item is None:
                services.agenda_item_create(agenda=agenda, **data)
            else:
                services.agenda_item_update(item=item, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action point has been saved."))
            return redirect("regioplan:timeline", slug=agenda.region.slug, agenda=agenda.slug)
    status = 400 if form.errors else 200
    return render(
        request, "regioplan/agenda_item_form.html", {"form": form, "agenda": agenda, "item": item}, status=status
    )


@role_required(EDIT_AGENDAS)
def agenda_item_create(request, slug: str, agenda: str):
    return _save_item(request, agenda=_agenda(slug, agenda), item=None)


@role_required(EDIT_AGENDAS)
def agenda_item_update(request, slug: str, agenda: str, pk: int):
    agenda_obj = _agenda(slug, agenda)
    return _save_item(request, agenda=agenda_obj, item=_agenda_item(agenda_obj, pk))


@require_POST
@role_required(EDIT_AGENDAS)
def agenda_item_delete(request, slug: str, agenda: str, pk: int):
    agenda_obj = _agenda(slug, agenda)
    services.agenda_item_delete(item=_agenda_item(agenda_obj, pk))
    messages.success(request, _("The action point has been deleted."))
    return redirect("regioplan:timeline", slug=slug, agenda=agenda)
