"""The app's URL map, with sample arguments, so whole-app tests cover every route automatically.

A new route whose arguments have no sample here makes the meta tests fail: add the sample, and the route
is covered by the CSRF, tenancy, header and page-structure tests at once.
"""

from dataclasses import dataclass

from werkzeug.routing import Rule

# Endpoints that are not pages a person visits.
NON_PAGES = {"static", "pages.healthz"}


@dataclass
class Route:
    rule: Rule
    url: str

    @property
    def endpoint(self) -> str:
        return self.rule.endpoint

    @property
    def provider_scoped(self) -> bool:
        return "ukprn" in self.rule.arguments

    @property
    def methods(self) -> set[str]:
        return set(self.rule.methods or ()) - {"HEAD", "OPTIONS"}


def routes(app, samples: dict) -> list[Route]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        missing = set(rule.arguments) - set(samples)
        assert not missing, (
            f"no sample value for {sorted(missing)} in route {rule.rule}: add one in tests/web"
        )
        values = {name: samples[name] for name in rule.arguments}
        found.append(Route(rule, rule.build(values)[1]))
    return sorted(found, key=lambda r: r.url)
