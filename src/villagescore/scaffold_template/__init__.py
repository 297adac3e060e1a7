"""Template files for ``villagescore new-plugin`` (rendered by :mod:`villagescore.scaffold`).

The files under ``templates/`` are ``string.Template`` texts (``$name`` placeholders);
path parts ``__module__`` and ``__framework_id__`` are replaced, a ``.tmpl`` suffix is
dropped and a ``dot-`` prefix becomes ``.``.
"""
