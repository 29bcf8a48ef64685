"""The Telegram front end. Handlers only route (questions, buttons, commands, admin) to the
engine and to the renderers (render, views); safety holds log redaction and upload checks,
state the per-user state; app wires them into one Application and runs `coopbot serve`."""
