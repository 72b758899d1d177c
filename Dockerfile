FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Graphviz's `dot` lays out the architecture diagrams candidates post (handlers/diagrams).
RUN apt-get update \
    && apt-get install -y --no-install-recommends graphviz \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 bot
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY question_bank ./question_bank
RUN pip install .

USER bot
# matplotlib's font cache, built once into the image rather than on the first chart of every container
RUN python -c "import matplotlib; matplotlib.use('Agg'); import matplotlib.font_manager"
CMD ["python", "-m", "bot"]
