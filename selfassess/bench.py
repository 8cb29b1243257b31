"""`make bench`: performance figures, each a median with its ratio to a baseline measured in the same run.

    python -m selfassess.bench

Figures:
- scoring the complete demo-sized assessment, in process (target: under 2 ms median);
- rendering the task list and saving a section through the in-process test client, each against a bare
  route of the same app (/healthz) measured in the same run;
- the registers with 10,000 events and 2,000 concerns: the data return's register figures (< 50 ms) and every
  register page (< 100 ms), in bench_registers;
- the PDF report, when the report module is present (targets in its own module).
"""

import statistics
import tempfile
import time
from pathlib import Path


def _median_ms(func, runs: int) -> float:
    func()  # warm caches first: the figure is the steady state a user sees
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _app(tmp: Path):
    from . import create_app
    from .extensions import db
    from .services import demo, schema

    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-" + "x" * 32,
                      "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        schema.upgrade_to_head()
        demo.load_demo()
        db.session.remove()
    return app


def web_figures(runs: int = 30) -> dict:
    from .framework import get_framework
    from .services import progress
    from .services.demo_answers import demo_answer, demo_profile

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        client = app.test_client()
        assert client.post("/login", data={"email": "editor@demo.ac.uk", "password": "demo-editor-pass"}
                           ).status_code == 302
        base = "/providers/10099999/years/2025-26/"
        framework = get_framework("2025-26")
        section = framework.sections[0]
        questions, _ = progress.applicable_questions(framework, section, demo_profile(framework))
        state = {"version": 1}

        def save():
            data = {"version": str(state["version"]), "completed": "yes", "action": "later"}
            for n, question in enumerate(questions):
                value = demo_answer(question, n).value
                if question.type == "date":
                    y, m, d = value.split("-")
                    data.update({f"answer__{question.key}-day": d, f"answer__{question.key}-month": m,
                                 f"answer__{question.key}-year": y})
                elif value is not None:
                    data[f"answer__{question.key}"] = value if not isinstance(value, int) else str(value)
                data[f"evidence__{question.key}"] = f"Note {state['version']}"  # a real change every time
            response = client.post(base + f"sections/{section.key}", data=data)
            assert response.status_code == 302, response.status_code
            state["version"] += 1

        bare = _median_ms(lambda: client.get("/healthz"), runs)
        task_list = _median_ms(lambda: client.get(base), runs)
        saving = _median_ms(save, runs)
        return {"bare_route_ms": bare, "task_list_ms": task_list, "task_list_ratio": task_list / bare,
                "save_section_ms": saving, "save_section_ratio": saving / bare}


def main() -> None:
    from . import bench_scoring

    print("selfassess benchmarks (medians; ratios against a bare route of the same app, same run)")
    scoring = bench_scoring.run()
    print(f"  scoring the complete demo assessment   {scoring['median_ms']:.3f} ms median, "
          f"{scoring['p95_ms']:.3f} ms p95  (target < 2 ms)")
    web = web_figures()
    print(f"  bare route (/healthz)                  {web['bare_route_ms']:.2f} ms")
    print(f"  task list page                         {web['task_list_ms']:.2f} ms  "
          f"({web['task_list_ratio']:.1f}x bare)")
    print(f"  save a section (10 questions)          {web['save_section_ms']:.2f} ms  "
          f"({web['save_section_ratio']:.1f}x bare)")
    from . import bench_registers

    bench_registers.main()
    try:
        from . import bench_report
    except ImportError:
        print("  PDF report                             not built yet")
        return
    bench_report.main() if hasattr(bench_report, "main") else print(f"  PDF report  {bench_report.run()}")


if __name__ == "__main__":
    main()
