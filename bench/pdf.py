"""Warm render time of a certificate PDF (R-Z7): one render to warm up (fonts, templates,
WeasyPrint's caches), then ``n`` renders of the same certificate, timed one by one."""

import statistics
import time


def bench_certificate_pdf(*, renders: int = 20) -> dict:
    from certificates.pdf import render_certificate_pdf

    from .data import one_certificate

    certificate = one_certificate()
    start = time.perf_counter()
    pdf = render_certificate_pdf(certificate)
    cold_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(renders):
        start = time.perf_counter()
        render_certificate_pdf(certificate)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "renders": renders,
        "cold_ms": cold_ms,
        "mean_ms": statistics.fmean(timings),
        "median_ms": statistics.median(timings),
        "min_ms": min(timings),
        "max_ms": max(timings),
        "pdf_bytes": len(pdf),
    }
