import re

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import Recommendation
from regioplan.models import PlanObjective
from workagenda.models import Agenda, AgendaItem, GoalLink, OperationalGoal, Theme
from workagenda.services import goal_link_note_version

GRID_TAMPERED = _(
    "The linking grid could not be saved: the form contains cells that do not belong to this theme. "
    "Reload the page and try again."
)
GRID_MALFORMED = _("The linking grid could not be saved: the form was damaged. Reload the page and try again.")
CELL_PATTERN = re.compile(r"^(?P<goal>\d{1,12})-(?P<number>\d{1,4})$")
LOADED_PATTERN = re.compile(r"^(?P<goal>\d{1,12})-(?P<number>\d{1,4}):(?P<link>\d{1,12})$")


class LinkGridForm(forms.Form):
    """The grid as submitted: the goals shown, the cells as loaded and the cells ticked now."""

    goals = forms.CharField(required=False)
    loaded = forms.CharField(required=False)

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme

    def clean(self):
        data = super().clean()
        if self.errors:
            # The fields are hidden, so their own errors (such as a NUL character) would not be seen.
            raise forms.ValidationError(GRID_MALFORMED, code="malformed")
        try:
            shown = {int(token) for token in data.get("goals", "").split()}
            loaded = {}
            for token in data.get("loaded", "").split():
                match = LOADED_PATTERN.match(token)
                if not match:
                    raise ValueError(token)
                loaded[(int(match["goal"]), int(match["number"]))] = int(match["link"])
            wanted = set()
            for token in self.data.getlist("link"):
                match = CELL_PATTERN.match(token)
                if not match:
                    raise ValueError(token)
                wanted.add((int(match["goal"]), int(match["number"])))
        except ValueError:
            raise forms.ValidationError(GRID_MALFORMED, code="malformed") from None
        named_goals = shown | {goal for goal, _ in loaded} | {goal for goal, _ in wanted}
        numbers = {number for _, number in loaded} | {number for _, number in wanted}
        theme_goals = set(
            OperationalGoal.objects.filter(pk__in=named_goals, group__theme=self.theme).values_list("pk", flat=True)
        )
        known_numbers = set(Recommendation.objects.filter(number__in=numbers).values_list("number", flat=True))
        if not shown or named_goals - shown or shown - theme_goals or numbers - known_numbers:
            raise forms.ValidationError(GRID_TAMPERED, code="tampered")
        data.update(shown=shown, loaded_cells=loaded, wanted=wanted)
        return data


NOTE_FORM_DAMAGED = _("The form was damaged on its way. Open the goal again and retry.")


class LinkNoteForm(forms.ModelForm):
    # The note as the page showed it, so that a save never overwrites a colleague's newer note.
    loaded = forms.CharField(widget=forms.HiddenInput, error_messages={"required": NOTE_FORM_DAMAGED})

    class Meta:
        model = GoalLink
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, instance: GoalLink, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["loaded"].initial = goal_link_note_version(note=instance.note)


class GoalImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))


class AgendaItemForm(forms.ModelForm):
    """An action point of the work agenda; choices limited to the agenda's own coalitions and goals."""

    class Meta:
        model = AgendaItem
        fields = ["theme", "year", "text", "operational_goal"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, agenda: Agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = agenda.themes.order_by("number")
        self.fields["theme"].empty_label = _("All coalitions (overarching)")
        self.fields["operational_goal"].empty_label = _("None")
        self.fields["operational_goal"].queryset = OperationalGoal.objects.filter(
            group__theme__agenda=agenda
        ).select_related("group__theme")


class ThemeTasksForm(forms.Form):
    """The regional tasks a theme works on; the rules live in services.theme_plan_tasks_set."""

    tasks = forms.ModelMultipleChoiceField(
        label=_("Regional tasks this theme serves"),
        queryset=PlanObjective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every task of the regional plan this theme works on. Tick none if it serves no task."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = choices
        self.fields["tasks"].label_from_instance = lambda task: f"{task} ({task.plan.name})"
