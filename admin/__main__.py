"""``python -m admin`` is the ``gongshi`` command."""

from admin.cli import main

main(prog_name="gongshi")
