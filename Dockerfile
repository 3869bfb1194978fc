FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# ffmpeg: video, audio and gifv media processing with Debian's maintained build (without it the
# one shipped by the imageio-ffmpeg package would be used).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
ENV FFMPEG_BINARY=/usr/bin/ffmpeg
WORKDIR /app
COPY . .
RUN pip install -e . && python manage.py collectstatic --noinput --verbosity 0
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && uvicorn fedi.asgi:application --host 0.0.0.0 --port ${PORT:-8000} --workers ${WEB_CONCURRENCY:-2} --proxy-headers --ws-per-message-deflate ${WS_PER_MESSAGE_DEFLATE:-false} --forwarded-allow-ips='*'"]
