from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.roles import EDIT_AGENDAS, READ_DASHBOARDS, role_required, user_has_role
from recommendations.models import Recommendation
from regioplan import selectors as region_selectors
from regioplan.models import Region
from tabular.reading import Row, TableReadError, read_rows
from tabular.writing import FORMATS, Table, table_download, table_values
from workagenda import extensions, selectors, services
from workagenda.filters import GoalFilter
from workagenda.forms import AgendaItemForm, GoalImportForm, LinkGridForm, LinkNoteForm, ThemeTasksForm
from workagenda.models import Agenda, AgendaItem, GoalLink, OperationalGoal, Theme
from workagenda.tables import AnnexTable, GoalTable

GOALS_PER_PAGE = 25
# The checked rows of an import that waits for its confirmation, in the advisor's session.
IMPORT_SESSION_KEY = "goal_import_rows"
IMPORT_CONFIRM = "bevestigen"
IMPORT_PREVIEW_GONE = gettext_lazy("The preview has expired. Upload the file again.")
# Managers and policy advisors download tables; everyone else reads them on the page.
EXPORTS = READ_DASHBOARDS
TASKS_SAVED = gettext_lazy("The regional tasks of %(theme)s have been saved.")
EXPORTS_NOT_ALLOWED = gettext_lazy(
    "Downloading tables is for managers and policy advisors. You can read the table on the page."
)
# Agendas per page of the linking theme list; choosing a region narrows it to the region's agendas.
AGENDAS_PER_PAGE = 5


def _goal_or_404(pk: int) -> OperationalGoal:
    try:
        return selectors.operational_goal_get(pk=pk)
    except OperationalGoal.DoesNotExist:
        raise Http404(_("This operational goal does not exist.")) from None


def _theme_or_404(pk: int) -> Theme:
    try:
        return selectors.theme_get(pk=pk)
    except Theme.DoesNotExist:
        raise Http404(_("This theme does not exist.")) from None


def goal_detail(request, pk: int):
    goal = _goal_or_404(pk)
    links = list(selectors.operational_goal_links(goal=goal))
    can_edit = user_has_role(request.user, EDIT_AGENDAS)
    return render(
        request,
        "workagenda/goal_detail.html",
        {
            "goal": goal,
            "links": [
                (link, LinkNoteForm(instance=link, prefix=f"note-{link.pk}") if can_edit else None) for link in links
            ],
            "history": selectors.operational_goal_history(goal=goal),
            "changes": selectors.operational_goal_changes(goal=goal),
            "sections": extensions.goal_sections(request, goal),
        },
    )


@role_required(EDIT_AGENDAS)
@require_POST
def link_note(request, pk: int, number: int):
    goal = _goal_or_404(pk)
    try:
        link = selectors.operational_goal_links(goal=goal).get(recommendation__number=number)
    except GoalLink.DoesNotExist:
        raise Http404(_("This goal is not linked to that recommendation.")) from None
    form = LinkNoteForm(request.POST, instance=link, prefix=f"note-{link.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(goal)
    try:
        services.goal_link_note_update(
            link=link, note=form.cleaned_data["note"], user=request.user, loaded_version=form.cleaned_data["loaded"]
        )
    except services.LinkNoteConflict:
        messages.warning(request, services.LINK_NOTE_CONFLICT % {"number": number})
    else:
        messages.success(request, _("The note for recommendation %(number)s has been saved.") % {"number": number})
    back = request.POST.get("next", "")
    # The grid sends its own address along, to come back to the cell; any other address is ignored.
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(f"{goal.get_absolute_url()}#link-{number}")


@role_required(EDIT_AGENDAS)
def link_themes(request):
    regions = list(selectors.region_choices())
    region = next((region for region in regions if region.slug == request.GET.get("regio")), None)
    page = selectors.agenda_page_with_themes(region=region, page=request.GET.get("page"), per_page=AGENDAS_PER_PAGE)
    return render(request, "workagenda/link_themes.html", {"page_obj": page, "regions": regions, "region": region})


@role_required(EDIT_AGENDAS)
def link_grid(request, pk: int):
    theme = _theme_or_404(pk)
    without_links = request.GET.get("zonder") == "1"
    only_marked = request.GET.get("voorstel") == "1"
    window = _window_number(request.GET.get("venster"))
    status = 200
    form = None
    if request.method == "POST":
        form = LinkGridForm(request.POST, theme=theme)
        if form.is_valid():
            outcome = services.goal_links_apply(
                theme=theme,
                user=request.user,
                loaded=form.cleaned_data["loaded_cells"],
                wanted=form.cleaned_data["wanted"],
                shown=form.cleaned_data["shown"],
            )
            _report(request, outcome)
            url = reverse("workagenda:link_grid", kwargs={"pk": theme.pk})
            params = {"zonder": "1"} if without_links else {}
            if only_marked:
                params["voorstel"] = "1"
            # "Save and go on" names the next window; a plain save stays in this one.
            target = _window_number(request.POST.get("naar")) if "naar" in request.POST else window
            if target > 1:
                params["venster"] = target
            return redirect(f"{url}?{urlencode(params)}" if params else url)
        status = 400
    grid = selectors.link_grid(theme=theme, without_links=without_links, window=window)
    additions = extensions.grid_additions(request, theme, grid.goals, grid.recommendations)
    grid = selectors.link_grid_add(grid=grid, additions=additions, only_marked=only_marked)
    context = {
        "theme": theme,
        "grid": grid,
        "note_panels": [
            (goal, cell, LinkNoteForm(instance=cell.link, prefix=f"note-{cell.link_id}"))
            for goal, cell in grid.linked_cells
        ],
        "form": form,
        "without_links": without_links,
        "only_marked": only_marked,
        "here": request.get_full_path(),
    }
    return render(request, "workagenda/link_grid.html", context, status=status)


def _window_number(value: str | None) -> int:
    """The grid's window of recommendation columns from the address; 1 when missing or garbled."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 6 else 1


def _report(request, outcome: services.GridOutcome) -> None:
    if outcome.linked or outcome.unlinked or not outcome.conflicts:
        messages.success(
            request,
            ngettext("%(count)d link added", "%(count)d links added", outcome.linked) % {"count": outcome.linked}
            + ", "
            + ngettext("%(count)d link removed.", "%(count)d links removed.", outcome.unlinked)
            % {"count": outcome.unlinked},
        )
    for conflict in outcome.conflicts:
        messages.warning(request, services.GRID_CONFLICT % {"code": conflict.code, "number": conflict.number})


def goal_table(request):
    """Every logged-in user reads the goals; downloading them is for managers and policy advisors."""
    filterset = GoalFilter(request.GET or None, queryset=selectors.operational_goal_rows())
    export_format = request.GET.get("_export")
    if export_format in FORMATS:
        if not user_has_role(request.user, EXPORTS):
            raise PermissionDenied(EXPORTS_NOT_ALLOWED)
        return _goal_export(request, filterset, export_format)
    table = GoalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": GOALS_PER_PAGE}).configure(table)
    return render(request, "workagenda/goal_table.html", {"filter": filterset, "table": table})


def _goal_export(request, filterset: GoalFilter, fmt: str):
    annex = request.GET.get("vorm") == "bijlage"
    if annex:
        numbers = list(Recommendation.objects.order_by("number").values_list("number", flat=True))
        table = AnnexTable(filterset.qs, numbers=numbers)
    else:
        table = GoalTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    columns, rows = table_values(table)
    scope = filterset.scope
    return table_download(
        Table(
            name="operationele-doelen-bijlage" if annex else "operationele-doelen",
            sheet=_("Annex") if annex else _("Operational goals"),
            columns=columns,
            rows=rows,
            about=selectors.goal_scope_about(scope=scope),
            tags=selectors.goal_scope_tags(scope=scope),
        ),
        fmt,
    )


@role_required(EDIT_AGENDAS)
def goal_import(request):
    """Upload, check and import; an import that would remove links first shows which, to confirm."""
    if request.method == "POST" and IMPORT_CONFIRM in request.POST:
        kept = request.session.get(IMPORT_SESSION_KEY)
        if kept is None:
            messages.error(request, IMPORT_PREVIEW_GONE)
            return redirect("workagenda:goal_import")
        rows = [Row(number=number, values=values) for number, values in kept]
        return _import_or_preview(request, rows, confirmed=request.POST[IMPORT_CONFIRM])
    form = GoalImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(
                form.cleaned_data["file"], required=services.IMPORT_REQUIRED, optional=tuple(services.IMPORT_COLUMNS)
            )
        except TableReadError as error:
            form.add_error("file", str(error))
        else:
            return _import_or_preview(request, rows, confirmed=None)
    return _import_page(request, form, errors=[], status=400 if request.method == "POST" else 200)


def _import_page(request, form, *, errors, status: int):
    context = {"form": form, "errors": errors, "columns": services.IMPORT_COLUMNS}
    return render(request, "workagenda/goal_import.html", context, status=status)


def _import_or_preview(request, rows: list[Row], *, confirmed: str | None):
    """Import the rows, unless they remove links the advisor has not confirmed in this very plan:
    then keep the rows in the session and show what the import would change."""
    plan, errors = services.operational_goal_import_plan(rows=rows)
    if plan is None:
        request.session.pop(IMPORT_SESSION_KEY, None)
        return _import_page(request, GoalImportForm(), errors=errors, status=400)
    if plan.unlinked and confirmed != plan.digest:
        request.session[IMPORT_SESSION_KEY] = [[row.number, row.values] for row in rows]
        if confirmed is not None:  # the goals or links changed since the preview the advisor confirmed
            messages.warning(request, services.IMPORT_CHANGED_MEANWHILE)
        status = 200 if confirmed is None else 409
        return render(request, "workagenda/goal_import_preview.html", {"plan": plan}, status=status)
    outcome = services.operational_goal_import(rows=rows, user=request.user, expected=plan.digest)
    if not outcome.ok:  # changed between the check above and the import: nothing imported
        return _import_page(request, GoalImportForm(), errors=outcome.errors, status=409)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(request, _import_summary(outcome.counts))
    return redirect("workagenda:goals")


def _import_summary(counts: dict[str, int]) -> str:
    return (
        _(
            "Import done: %(created)d operational goals added, %(updated)d changed, "
            "%(linked)d links added and %(unlinked)d removed."
        )
        % counts
    )


@role_required(EDIT_AGENDAS)
def goal_import_template(request, fmt: str):
    # A template is read back by the importer: no lines above its header, no date in its name.
    table = Table(
        name="operationele-doelen-importeren",
        sheet=_("Operational goals"),
        columns=services.IMPORT_COLUMNS,
        rows=services.IMPORT_EXAMPLE,
        dated=False,
    )
    return table_download(table, fmt)


# Regions per page of the regions list, and agendas per page of a region: each agenda shows
# its themes and goals, so a region with many agendas is read a few agendas at a time.
REGIONS_PER_PAGE = 5
REGION_AGENDAS_PER_PAGE = 2


def _region(slug: str) -> Region:
    try:
        return region_selectors.region_get(slug=slug)
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
    return render(request, "workagenda/region_list.html", {"page_obj": page})


def region_detail(request, slug: str):
    region = _region(slug)
    agendas = selectors.region_agendas_with_structure(
        region=region,
        page=request.GET.get("page"),
        per_page=REGION_AGENDAS_PER_PAGE,
        agenda=request.GET.get("werkagenda", ""),
    )
    return render(
        request,
        "workagenda/region_detail.html",
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
        theme = selectors.region_theme_get(region=region, pk=pk)
    except Theme.DoesNotExist:
        raise Http404(_("This theme does not exist in this region.")) from None
    return render(
        request,
        "workagenda/theme_detail.html",
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
        "workagenda/agenda_timeline.html",
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
            return redirect("regions:timeline", slug=agenda.region.slug, agenda=agenda.slug)
    status = 400 if form.errors else 200
    return render(
        request, "workagenda/agenda_item_form.html", {"form": form, "agenda": agenda, "item": item}, status=status
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
    return redirect("regions:timeline", slug=slug, agenda=agenda)


@role_required(EDIT_AGENDAS)
def theme_tasks(request, pk: int):
    """Policy advisors choose the regional tasks a theme works on, on the product's own page."""
    theme = _theme_or_404(pk)
    choices = services.theme_plan_task_choices(theme=theme)
    form = ThemeTasksForm(request.POST or None, choices=choices, initial={"tasks": list(theme.plan_tasks.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_plan_tasks_set(theme=theme, tasks=list(form.cleaned_data["tasks"]), user=request.user)
        except ValidationError as error:
            form.add_error("tasks", error.message_dict["tasks"])
        else:
            messages.success(request, TASKS_SAVED % {"theme": theme.name})
            return redirect("regions:theme", slug=theme.agenda.region.slug, pk=theme.pk)
    return render(
        request,
        "workagenda/theme_tasks.html",
        {"theme": theme, "form": form, "has_choices": choices.exists()},
        status=400 if form.is_bound and form.errors else 200,
    )
