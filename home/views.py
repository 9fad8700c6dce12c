from django.shortcuts import render

from home.selectors import home_widgets


def home(request):
    return render(request, "home/home.html", {"widgets": home_widgets(user=request.user)})
