from ikzmap import assets


def test_urls_point_to_the_local_static_folder():
    assert assets.asset_urls("js") == ["app/static/vendor/leaflet/leaflet.js"]
    assert assets.asset_urls("css") == ["app/static/vendor/leaflet/leaflet.css"]
    for url in [*assets.asset_urls("js"), *assets.asset_urls("css")]:
        assert (assets.ROOT / "static" / url.removeprefix("app/static/")).is_file()


def test_published_files_are_content_addressed(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    first = assets.publish_static("geo", "x", '{"a": 1}')
    assert first.startswith("app/static/geo/x-") and first.endswith(".json")
    assert assets.publish_static("geo", "x", '{"a": 1}') == first
    assert assets.publish_static("geo", "x", '{"a": 2}') != first
    assert (tmp_path / "geo" / first.rsplit("/", 1)[1]).read_text() == '{"a": 1}'


def test_assets_installed_from_the_npm_package():
    assert assets.missing_assets() == []
    text = assets.inline_text("js")
    assert "Leaflet" in text and len(text) > 100_000


def test_install_from_a_node_modules_tree(tmp_path, monkeypatch):
    source = tmp_path / "node_modules"
    for asset in assets.ASSETS:
        (source / asset.source).parent.mkdir(parents=True, exist_ok=True)
        (source / asset.source).write_text(f"/* {asset.target} */")
    for src_dir, _ in assets.ASSET_DIRS:
        (source / src_dir).mkdir(parents=True, exist_ok=True)
        (source / src_dir / "marker.png").write_bytes(b"png")
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "vendor")
    written = assets.install(source)
    assert [p.read_text() for p in written] == [f"/* {a.target} */" for a in assets.ASSETS]
    assert (tmp_path / "vendor" / "leaflet" / "images" / "marker.png").is_file()


def test_missing_assets_give_a_german_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)
    try:
        assets.require_assets()
    except assets.MissingAssetError as err:
        assert "run-app.sh" in str(err)
    else:
        raise AssertionError("expected MissingAssetError")
