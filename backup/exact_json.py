"""Django's JSON serializer, keeping times to the microsecond.

DjangoJSONEncoder cuts datetimes to milliseconds, so a backup made with the stock
serializer would bring every timestamp back slightly changed. Registered for the
"json" format in settings.SERIALIZATION_MODULES; reading is Django's own."""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
