"""The facts engine: every comparison a careful analyst would make, as structured facts.

The modules hold one kind of fact each (``level``, ``rank``, ``benchmarks``, ``funnel``,
``change``, ``history``, ``national``, ``characteristics``, ``reasons``); ``profile`` puts
them together and ``api`` is what ``exclusions.profile`` and ``exclusions.rank`` call.
"""
