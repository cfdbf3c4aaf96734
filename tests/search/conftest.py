from tests.arxiv.conftest import fake_arxiv, fake_crossref

__all__ = ["fake_arxiv", "fake_crossref"]
