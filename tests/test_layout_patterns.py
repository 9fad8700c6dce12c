"""The shared layout patterns: form fields with their errors, the error summary, charts, pagination, filters."""

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from charts.rendering import Size

pytestmark = pytest.mark.django_db


def get(path: str, params: dict):
    request = RequestFactory().get(path, params)
    request.user = AnonymousUser()
    return request


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals op het rapport.")
    note = forms.CharField(label="Toelichting", required=False)
    colour = forms.ChoiceField(label="Status", choices=[("green", "Groen"), ("red", "Rood")], widget=forms.RadioSelect)
    public = forms.BooleanField(label="Namen tonen", required=False, help_text="Uit: zonder namen.")


def test_a_field_with_an_error_points_at_its_help_and_error_text():
    form = ExampleForm(data={"name": ""})
    html = render_to_string("includes/field.html", {"field": form["name"]})
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_helptext"' in html and 'id="id_name_error"' in html
    assert "Dit veld is verplicht." in html
    assert 'class="field field--error"' in html


def test_an_optional_field_says_so_and_a_radio_group_gets_a_legend():
    form = ExampleForm()
    assert "(niet verplicht)" in render_to_string("includes/field.html", {"field": form["note"]})
    radios = render_to_string("includes/field.html", {"field": form["colour"]})
    assert "<fieldset" in radios and "<legend>Status" in radios


def test_a_single_checkbox_stands_before_its_label_with_its_help_below():
    """As the choices of a group do: the box, then what it means; it is never 'optional', since
    leaving it empty is an answer too."""
    html = render_to_string("includes/field.html", {"field": ExampleForm()["public"]})
    assert html.index('type="checkbox"') < html.index('<label for="id_public">') < html.index("Uit: zonder namen.")
    assert "(niet verplicht)" not in html
    assert 'class="field field--checkbox"' in html


def test_the_error_summary_links_to_each_field_and_lists_form_wide_errors():
    form = ExampleForm(data={"name": "", "colour": "paars"})
    html = render_to_string("includes/form_errors.html", {"form": form, "title": "Opslaan is niet gelukt"})
    assert "Opslaan is niet gelukt" in html
    assert 'href="#id_name"' in html and "Naam: Dit veld is verplicht." in html
    assert 'href="#id_colour"' in html  # the radio group's container
    login = AuthenticationForm(RequestFactory().post("/inloggen/"), data={"username": "x", "password": "y"})
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in render_to_string(
        "includes/form_errors.html", {"form": login}
    )


def test_no_error_summary_for_a_valid_or_unbound_form():
    assert render_to_string("includes/form_errors.html", {"form": ExampleForm()}).strip() == ""


def test_a_chart_has_caption_alt_text_downloads_and_its_data_table():
    html = render_to_string(
        "includes/chart.html",
        {
            "png_path": "/grafiek.png",
            "query": "regio=drenthe",
            "version": "v1",
            "size": Size(8, 5),
            "png_url": "/grafiek.png",
            "svg_url": "/grafiek.svg",
            "alt": "Staafdiagram van de verankering per aanbeveling",
            "caption": "Verankering per aanbeveling",
            "table_template": "includes/empty_state.html",
            "message": "Nog geen koppelingen.",
        },
    )
    assert '<figcaption class="chart__caption">Verankering per aanbeveling</figcaption>' in html
    assert 'alt="Staafdiagram van de verankering per aanbeveling"' in html
    assert 'href="/grafiek.svg"' in html and 'href="/grafiek.png"' in html
    assert 'src="/grafiek.png?regio=drenthe&amp;v=v1" ' in html
    assert 'width="880" height="550"' in html  # the place is kept before the chart arrives
    assert "Nog geen koppelingen." in html


def test_pagination_keeps_the_filters_and_marks_the_current_page():
    request = get("/doelen/", {"thema": "VOW", "page": "3"})
    page_obj = Paginator(range(200), 10).page(3)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'href="?thema=VOW&amp;page=2"' in html and 'rel="prev"' in html
    assert 'aria-current="page"' in html
    assert "21–30 van 200" in html
    assert "…" in html  # long ranges are elided


def test_a_single_page_needs_no_pagination():
    assert render_to_string("includes/pagination.html", {"page_obj": Paginator(range(5), 10).page(1)}).strip() == ""


def test_the_filter_bar_is_a_labelled_get_form_with_a_reset_link_once_filtered():
    class Filter:
        form = ExampleForm()

    request = get("/doelen/", {"name": "x"})
    html = render_to_string("includes/filter_bar.html", {"filter": Filter()}, request=request)
    assert 'method="get"' in html and 'role="search"' in html
    assert '<label for="id_name">Naam' in html
    assert 'href="/doelen/">Filters wissen' in html
