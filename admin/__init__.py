"""The admin app: review what citizens wrote, annotate it, and keep an audit log (admin/README.md)."""
