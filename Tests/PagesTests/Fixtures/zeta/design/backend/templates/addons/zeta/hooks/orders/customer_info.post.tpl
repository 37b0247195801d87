<p class="hook">zeta post {$order_info.order_id}</p>
