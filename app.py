"""DeogharMart API: routes and event handlers only. The domain lives in chalicelib/."""
from chalice import Chalice, Cron, Rate

from chalicelib import config
from chalicelib import observability
from chalicelib.routes import (admin, auth, exports, office, officials, orders, payouts, public,
                               quality, vendor)
from chalicelib.web import endpoint, in_api_format

app = Chalice(app_name="deogharmart")
for blueprint in (public.bp, auth.bp, vendor.bp, admin.bp, officials.bp, office.bp, orders.bp,
                  payouts.bp, quality.bp, exports.bp):
    app.register_blueprint(blueprint)


@app.on_sqs_message(queue=config.resource_name("PAYMENT_TOKENS_QUEUE", "payment-tokens"),
                    batch_size=10)
def store_payment_tokens(event):
    """The state machine waits for payment: keep each order's task token."""
    from chalicelib.orders import handlers
    return handlers.payment_tokens(event.to_dict())


@app.on_sqs_message(queue=config.resource_name("ORDER_EVENTS_QUEUE", "order-events"), batch_size=10)
def order_events(event):
    """Payment not received in time, or paid after cancellation."""
    from chalicelib.orders import handlers
    return handlers.order_events(event.to_dict())


@app.on_sqs_message(queue=config.resource_name("DISPATCH_QUEUE", "dispatch"), batch_size=5)
def dispatch_parcels(event):
    """One message per parcel of a paid order: book it with the courier."""
    from chalicelib.orders import handlers
    return handlers.dispatch(event.to_dict())


@app.schedule(Rate(15, unit=Rate.MINUTES), name="reconcile_orders")
def reconcile_orders(event):
    """Orders and parcels stuck past their deadline: repair or report."""
    from chalicelib.orders import reconcile
    return reconcile.run()


@app.schedule(Cron(30, 19, "*", "*", "?", "*"), name="daily_report")
def daily_report(event):
    """01:00 India time: yesterday's report, stored and e-mailed to the district office."""
    from chalicelib.reports import run
    return run.make("daily")


@app.schedule(Cron(45, 19, "?", "*", "SUN", "*"), name="weekly_report")
def weekly_report(event):
    """Monday 01:15 India time: last week's report (Monday to Sunday)."""
    from chalicelib.reports import run
    return run.make("weekly")


@app.schedule(Cron(30, 4, "?", "*", "MON", "*"), name="payout_run")
def payout_run(event):
    """Monday 10:00 India time: prepare the week's payout run for a second official."""
    from chalicelib.payouts import runs
    return runs.scheduled()


@app.schedule(Cron(30, 20, "1", "*", "?", "*"), name="tax_workings")
def tax_workings(event):
    """02:00 India time on the 2nd: last month's GST TCS (and a quarter's TDS) to the office."""
    from chalicelib.payouts import taxworkings
    return taxworkings.monthly_mail()


@app.schedule(Cron(0, 1, "*", "*", "?", "*"), name="fx_rates")
def fx_rates(event):
    """06:30 India time: the day's currency rates, for approximate prices abroad."""
    from chalicelib.exports import fx
    return fx.refresh()


@app.on_sqs_message(queue=config.resource_name("IMAGE_QUEUE", "image-processing"), batch_size=5)
def process_uploaded_images(event):
    """S3 upload notifications, one record at a time; failures go back to the queue."""
    from chalicelib.media import pipeline
    return pipeline.handle_batch(event.to_dict())


@app.on_sqs_message(queue=config.resource_name("SITE_PAGES_QUEUE", "site-pages"), batch_size=10)
def publish_site_pages(event):
    """A catalog change: re-render the shop pages that show it (product, maker, category,
    home, sitemap) into the web bucket."""
    from chalicelib.pages import publisher
    return publisher.handle_batch(event.to_dict())


@app.schedule(Cron(0, 21, "*", "*", "?", "*"), name="publish_site")
def publish_site(event):
    """02:30 India time: every shop page rebuilt (repairs a lost page event)."""
    from chalicelib.pages import publisher
    return publisher.rebuild()


_openapi_doc: dict = {}


# Registered before the http middleware, so it is the outer one: it resets the logger
# state that log_context then fills in.
@app.middleware("all")
def observe(event, get_response):
    """Every handler: Lambda context in the logs, a trace segment, metrics flushed."""
    return observability.observe_invocation(event, get_response)


@app.middleware("http")
def log_context(event, get_response):
    """Fail fast on missing configuration; request id and route on every log line; API metrics."""
    config.settings()
    return observability.observe_request(event, get_response)


@app.middleware("http")
def api_error_format(event, get_response):
    """chalice's own refusals (415 for a body type a route does not take) as the API's errors."""
    return in_api_format(get_response(event))


@endpoint(app, "/openapi.json", summary="This API's OpenAPI 3.1 document", tags=["meta"],
          cache_seconds=300)
def openapi_document():
    if not _openapi_doc:
        from chalicelib import openapi
        _openapi_doc.update(openapi.build(app, "DeogharMart API", public.VERSION))
    return _openapi_doc
