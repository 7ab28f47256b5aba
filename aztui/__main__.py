from aztui.cli import main

raise SystemExit(main())
