"""Meta (Facebook) adapters on the real facebook-business SDK and `requests`.

- `oauth`: Facebook Login (manual paste, loopback), token exchanges
- `connection`: `MetaAccount` (connect, status, disconnect; the token only in the keyring)
- `client`: `GraphClient` (accounts, Pages, interests, creates, lookups by name, previews)
- `publisher`: `MetaPublisher.publish(plan)`, the resumable, cancellable publish stage
- `errors`: `MetaError` and how Meta's error codes are sorted
- `endpoint`, `sdk`: the configured Graph address and version; the logging SDK API object
"""
