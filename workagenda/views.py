from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from accounts.roles import EDIT_AGENDAS, READ_DASHBOARDS, role_required, user_has_role
from recommendations.models import Recommendation
from tabular.reading import TableReadError, read_rows
from tabular.writing import table_download
from workagenda import selectors, services
from workagenda.filters import GoalFilter
from workagenda.forms import GoalImportForm, LinkGridForm, LinkNoteForm, ThemeTasksForm
from workagenda.models import GoalLink, OperationalGoal, Theme
from workagenda.tables import AnnexTable, GoalTable

GOALS_PER_PAGE = 25
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
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(goal)
    services.goal_link_note_update(link=link, note=form.cleaned_data["note"], user=request.user)
    messages.success(request, _("The note for recommendation %(number)s has been saved.") % {"number": number})
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
            # "Save and go on" names the next window; a plain save stays in this one.
            target = _window_number(request.POST.get("naar")) if "naar" in request.POST else window
            if target > 1:
                params["venster"] = target
            return redirect(f"{url}?{urlencode(params)}" if params else url)
        status = 400
    grid = selectors.link_grid(theme=theme, without_links=without_links, window=window)
    return render(
        request,
        "workagenda/link_grid.html",
        {"theme": theme, "grid": grid, "form": form, "without_links": without_links},
        status=status,
    )


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
    if TableExport.is_valid_format(export_format):
        if not user_has_role(request.user, EXPORTS):
            raise PermissionDenied(EXPORTS_NOT_ALLOWED)
        if request.GET.get("vorm") == "bijlage":
            numbers = list(Recommendation.objects.order_by("number").values_list("number", flat=True))
            table = AnnexTable(filterset.qs, numbers=numbers)
        else:
            table = GoalTable(filterset.qs)
        RequestConfig(request, paginate=False).configure(table)
        return TableExport(export_format, table).response(f"operationele-doelen.{export_format}")
    table = GoalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": GOALS_PER_PAGE}).configure(table)
    return render(request, "workagenda/goal_table.html", {"filter": filterset, "table": table})


@role_required(EDIT_AGENDAS)
def goal_import(request):
    form = GoalImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(
                form.cleaned_data["file"], required=services.IMPORT_REQUIRED, optional=tuple(services.IMPORT_COLUMNS)
            )
        except TableReadError as error:
            form.add_error("file", str(error))
        else:
            outcome = services.operational_goal_import(rows=rows, user=request.user)
            if outcome.ok:
                messages.success(request, _import_summary(outcome.counts))
                return redirect("workagenda:goals")
            errors = outcome.errors
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "errors": errors, "columns": services.IMPORT_COLUMNS}
    return render(request, "workagenda/goal_import.html", context, status=status)


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
    return table_download(
        filename="operationele-doelen-importeren",
        columns=services.IMPORT_COLUMNS,
        rows=services.IMPORT_EXAMPLE,
        fmt=fmt,
    )


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
            return redirect("regioplan:theme", slug=theme.agenda.region.slug, pk=theme.pk)
    return render(
        request,
        "workagenda/theme_tasks.html",
        {"theme": theme, "form": form, "has_choices": choices.exists()},
        status=400 if form.is_bound and form.errors else 200,
    )
