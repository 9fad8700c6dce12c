from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.invitations import InvitationExtra, invitation_extras
from accounts.roles import groups_grant, role_groups


class InvitationForm(forms.ModelForm):
    """What an administrator fills in to invite someone: no password, they choose it themselves.
    Apps above accounts add their own fields (accounts.invitations)."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=role_groups(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Programme team members vote, policy advisors maintain agendas and links, managers read dashboards."
        ),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An invitation goes to a named person with an address for the link and for password resets.
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.extra_sections: list[tuple[InvitationExtra, list[str]]] = []
        for extra in invitation_extras():
            fields = extra.fields()
            self.fields.update(fields)
            self.extra_sections.append((extra, list(fields)))

    def clean(self):
        data = super().clean()
        groups = data.get("groups") or []
        for extra, names in self.extra_sections:
            if extra.capability is None or groups_grant(groups=groups, capability=extra.capability):
                continue
            for name in names:
                if data.get(name):
                    self.add_error(name, extra.capability_missing)
        return data
