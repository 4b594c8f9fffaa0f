def test_y():
    import ioc, sys
    print(ioc.__file__, [p for p in sys.path[:6]])
