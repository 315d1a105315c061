import cProfile, pstats, os
from ikzmap.ui.app import main
pr = cProfile.Profile(); pr.enable()
try:
    main()
finally:
    pr.disable()
    if os.environ.get("PROF_OUT"):
        pr.dump_stats(os.environ["PROF_OUT"])
