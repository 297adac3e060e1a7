"""Targets files shipped with villagescore (``villagescore targets --targets ID``).

* ``decision-801`` — Decision 801/QĐ-TTg (07/07/2022), craft-village preservation and
  development programme 2021–2030 (the default);
* ``decision-1058`` — Decision 1058/QĐ-TTg (14/09/2023), rural-trades strategy to 2030;
* ``switch-asia-rattan`` — an example of a seed cleaner-production programme's targets.

Figures and their confidence tags come from ``published-criteria.md`` §4 and
``domain.md`` of the project's reference notes; ``docs/store.md`` explains how each is measured.
"""
