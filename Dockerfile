# syntax=docker/dockerfile:1
# Builds the `stowaway` binary and ships it alone in a small distroless image:
#   docker build -t stowaway .
#   docker run --rm -v "$PWD:/src" -w /src stowaway check .

FROM rust:1.88-slim-bookworm AS build
WORKDIR /usr/src/stowaway
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/src/stowaway/target \
    cargo build --release --locked --bin stowaway \
    && install -D target/release/stowaway /out/stowaway

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/stowaway /usr/local/bin/stowaway
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/stowaway"]
CMD ["check", "."]
