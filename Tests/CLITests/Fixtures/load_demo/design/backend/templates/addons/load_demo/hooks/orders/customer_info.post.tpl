<p class="load_demo">{__("load_demo.greeting")}: {$order_info.order_id}</p>
