"""Forms read what the member sent; the rules of a valid ballot live in services.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from prioritisation.models import SCORE_MAX, SCORE_MIN, Ballot, Criterion, Round
from prioritisation.selectors import round_list_open_limited
from prioritisation.services import INVITATION_ROUNDS_FIELD, UNKNOWN_RECOMMENDATION, BallotChoice

BAD_MOMENT = _("Write the date and time as 31-12-2026 14:30.")
THRESHOLD_INVALID = _("Enter a number of 0 or more, or leave the field empty to use the mean.")


def reason_field_name(criterion: str, number: int) -> str:
    return f"{criterion}_reason_{number}"


def score_field_name(criterion: str, number: int) -> str:
    return f"{criterion}_score_{number}"


class BallotForm(forms.Form):
    """Checkboxes per criterion (or a 1 to 5 score per recommendation in a scale round),
    a reason per choice and a general comment."""

    comment = forms.CharField(
        label=_("General comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, round: Round, recommendations: list, ballot: Ballot | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.recommendations = recommendations
        numbers = [(str(r.number), f"{r.number}. {r.short_title}") for r in recommendations]
        for criterion, label in Criterion.choices:
            if not round.uses_scale:
                # Duplicates are kept (a list, not a set) so the service can name them.
                self.fields[criterion] = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=numbers,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": UNKNOWN_RECOMMENDATION},
                )
            for recommendation in recommendations:
                if round.uses_scale:
                    self.fields[score_field_name(criterion, recommendation.number)] = forms.TypedChoiceField(
                        label=_("%(criterion)s of recommendation %(number)s")
                        % {"criterion": label, "number": recommendation.number},
                        choices=[("", "–")] + [(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)],
                        coerce=int,
                        empty_value=None,
                        required=False,
                    )
                self.fields[reason_field_name(criterion, recommendation.number)] = forms.CharField(
                    label=_("Reason for %(criterion)s of recommendation %(number)s (optional)")
                    % {"criterion": label, "number": recommendation.number},
                    required=False,
                    max_length=1000,
                )
        if ballot is not None and not self.is_bound:
            self.initial.update(self._initial_from(ballot))

    def _initial_from(self, ballot: Ballot) -> dict:
        initial: dict = {"comment": ballot.comment}
        for entry in ballot.entries.all():
            number = entry.recommendation.number
            if self.round.uses_scale:
                initial[score_field_name(entry.criterion, number)] = entry.score
            else:
                initial.setdefault(entry.criterion, []).append(number)
            initial[reason_field_name(entry.criterion, number)] = entry.reason
        return initial

    def choices(self) -> list[BallotChoice]:
        data = self.cleaned_data
        result = []
        for criterion in Criterion.values:
            if self.round.uses_scale:
                numbers = [r.number for r in self.recommendations if data.get(score_field_name(criterion, r.number))]
            else:
                numbers = data.get(criterion) or []
            for number in numbers:
                result.append(
                    BallotChoice(
                        criterion=criterion,
                        recommendation_number=number,
                        reason=data.get(reason_field_name(criterion, number), ""),
                        score=data.get(score_field_name(criterion, number)) if self.round.uses_scale else None,
                    )
                )
        return result

    def pick_groups(self):
        """Per criterion: its checkbox field and, per recommendation, the checkbox and its reason field."""
        for criterion in Criterion.values:
            field = self[criterion]
            reasons = [self[reason_field_name(criterion, r.number)] for r in self.recommendations]
            yield field, list(zip(field.subwidgets, reasons, strict=True))

    def rows(self):
        """Per recommendation, its bound fields for both criteria, for the template."""
        for recommendation in self.recommendations:
            row = {"recommendation": recommendation}
            for criterion in Criterion.values:
                row[f"{criterion}_reason"] = self[reason_field_name(criterion, recommendation.number)]
                if self.round.uses_scale:
                    row[f"{criterion}_score"] = self[score_field_name(criterion, recommendation.number)]
            yield row


def _line_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={"invalid": THRESHOLD_INVALID, "min_value": THRESHOLD_INVALID},
    )


class MatrixLinesForm(forms.Form):
    """Where the viewer puts the matrix's quadrant lines; empty means at the mean."""

    belang = _line_field(_("Line for importance"))
    urgentie = _line_field(_("Line for urgency"))


class ComparisonRoundsForm(forms.Form):
    """Which rounds the comparison shows: the latest few, up to the round the reader chooses."""

    tot = forms.TypedChoiceField(label=_("Compare the rounds up to and including"), coerce=int, required=False)

    def __init__(self, *args, rounds: list[Round], **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = rounds
        self.fields["tot"].choices = [(r.pk, r.name) for r in reversed(rounds)]  # the latest first
        self.fields["tot"].initial = rounds[-1].pk if rounds else None

    def last_round(self) -> Round | None:
        """The chosen round; None (the latest) when none was chosen or the choice is not valid."""
        if not (self.is_bound and self.is_valid() and self.cleaned_data["tot"]):
            return None
        return next(r for r in self.rounds if r.pk == self.cleaned_data["tot"])


class DateTimeInput(forms.DateTimeInput):
    """A date and time as Dutch people write them (31-12-2026 14:30); 2026-12-31T14:30 is read too.
    Not the browser's own picker: that shows the browser's language, 12/31/2026, 02:30 PM in an English one."""

    def __init__(self, **kwargs):
        super().__init__(format="%d-%m-%Y %H:%M", attrs={"placeholder": _("dd-mm-yyyy hh:mm"), "size": 16}, **kwargs)


class RoundForm(forms.ModelForm):
    """What an administrator sets when opening or changing a round; the rules live in services.py."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Chosen people"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only used when the round is for chosen people."),
    )

    class Meta:
        model = Round
        fields = [
            "name",
            "description",
            "method",
            "picks_per_criterion",
            "opens_at",
            "closes_at",
            "results_visibility",
            "reasons_attributed",
            "limited",
            "participants",
        ]
        labels = {
            "description": _("Question to the team"),
            "picks_per_criterion": _("Number of choices per criterion (top N)"),
        }
        help_texts = {
            "description": _("Shown above the ballot, for example: which recommendations should we work on first?"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "method": forms.RadioSelect,
            "results_visibility": forms.RadioSelect,
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        error_messages = {
            "opens_at": {"invalid": BAD_MOMENT},
            "closes_at": {"invalid": BAD_MOMENT},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        self.fields["participants"].queryset = people
        self.fields["participants"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        if self.instance.pk:
            self.initial.setdefault("participants", list(self.instance.participants.all()))


def invitation_round_fields() -> dict[str, forms.Field]:
    """The invitation form's offer to add the new person to each open round for chosen people
    (a round open to the whole programme team needs no such choice)."""
    rounds = round_list_open_limited()
    if not rounds.exists():
        return {}
    field = forms.ModelMultipleChoiceField(
        label=_("Open rounds"),
        queryset=rounds,
        # The admin's class for a list of choices: each label as wide as its text needs.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "radiolist"}),
        required=False,
        help_text=_(
            "These rounds are only for chosen people. Tick a round and the new person can vote in it "
            "as soon as the invitation is accepted. This needs the role Programme team."
        ),
    )
    field.label_from_instance = lambda round: _("Also add to the open round %(name)s") % {"name": round.name}
    return {INVITATION_ROUNDS_FIELD: field}
